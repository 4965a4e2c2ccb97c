/**
 * Whether to colour a stream: decided per stream (stdout and stderr can go to different places), with the
 * conventions other tools follow: FORCE_COLOR (force-color.org: set and not "0"/"false" forces colour, even into a
 * file or a CI log), then NO_COLOR (no-color.org: set and not empty turns it off), then the stream being a
 * terminal that is not TERM=dumb.
 */
export function useColor(isTty: boolean, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTty && env.TERM !== "dumb";
}

/** The styles every text report uses, one palette for preflight, resolve and scim. */
export type Style = "bold" | "dim" | "error" | "warning" | "unverified" | "ok";

const SGR: Readonly<Record<Style, string>> = {
  bold: "1",
  dim: "2",
  error: "31",
  warning: "33",
  unverified: "35",
  ok: "32",
};

/** A function that styles text with ANSI SGR codes when `enabled`, and returns it unchanged otherwise. */
export function painter(enabled: boolean): (style: Style, text: string) => string {
  return enabled ? (style, text) => `\u001b[${SGR[style]}m${text}\u001b[0m` : (_style, text) => text;
}
