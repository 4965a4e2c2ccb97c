import { describe, expect, test } from "vitest";

import { FORMATS, FORMAT_EXTENSIONS, isFormat, renderReport } from "../../../lib/preflight/output/index";
import { renderJson } from "../../../lib/preflight/output/json";
import { renderText } from "../../../lib/preflight/output/text";
import { sampleReport } from "./fixtures";

describe("renderReport", () => {
  test("renders every format, the same way every time", () => {
    for (const format of FORMATS) {
      const out = renderReport(sampleReport, format);
      expect(out.endsWith("\n"), format).toBe(true);
      expect(renderReport(structuredClone(sampleReport), format), format).toBe(out);
    }
  });

  test("dispatches to the format's renderer and passes its options on", () => {
    expect(renderReport(sampleReport, "json")).toBe(renderJson(sampleReport));
    expect(renderReport(sampleReport, "text", { color: true })).toBe(renderText(sampleReport, { color: true }));
  });

  test("knows its formats", () => {
    expect(FORMATS.filter(isFormat)).toEqual([...FORMATS]);
    expect(isFormat("yaml")).toBe(false);
    expect(Object.keys(FORMAT_EXTENSIONS)).toEqual([...FORMATS]);
  });
});
