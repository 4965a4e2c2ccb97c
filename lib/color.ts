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
