/**
 * Renders a preflight report in any output format. Every format renders the same `PreflightReport`, and none adds
 * anything the report does not hold (no clock, no environment), so the same report always renders the same text.
 */
import type { PreflightReport } from "../report";
import { renderAzure } from "./azure";
import { renderCodeClimate } from "./codeclimate";
import type { GithubOptions } from "./github";
import { appendStepSummary, renderGithub } from "./github";
import { renderJson } from "./json";
import { renderJunit } from "./junit";
import { renderMarkdown } from "./markdown";
import type { SarifOptions } from "./sarif";
import { renderSarif } from "./sarif";
import type { TextOptions } from "./text";
import { renderText } from "./text";

export const FORMATS = ["text", "json", "sarif", "junit", "github", "markdown", "codeclimate", "azure"] as const;
export type Format = (typeof FORMATS)[number];

/** The usual file extension of each format, for `--output` defaults and snapshots. */
export const FORMAT_EXTENSIONS: Readonly<Record<Format, string>> = {
  text: "txt",
  json: "json",
  sarif: "sarif",
  junit: "xml",
  github: "github.txt",
  markdown: "md",
  codeclimate: "codequality.json",
  azure: "azure.txt",
};

export type RenderOptions = TextOptions & SarifOptions & GithubOptions;

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/**
 * The report in `format`. Options a format does not use are ignored. For `github`, when `stepSummaryFile` is
 * given, the Markdown report is also appended to that file (the job summary), the one side effect here.
 */
export function renderReport(report: PreflightReport, format: Format, options: RenderOptions = {}): string {
  switch (format) {
    case "text":
      return renderText(report, options);
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report, options);
    case "junit":
      return renderJunit(report);
    case "github":
      if (options.stepSummaryFile) appendStepSummary(report, options.stepSummaryFile);
      return renderGithub(report);
    case "markdown":
      return renderMarkdown(report);
    case "codeclimate":
      return renderCodeClimate(report);
    case "azure":
      return renderAzure(report);
  }
}

export { renderGithub, appendStepSummary, renderJson, renderJunit, renderMarkdown, renderSarif, renderText };
export type { GithubOptions, SarifOptions, TextOptions };
