// Dot votes, as every kind with votes keeps them: item id → voter id → dots.
// Pure; shared by the predictions, the boards and the console.
export type Votes = Record<string, Record<string, number>> | undefined;

/** The number of dots on an item. */
export function dotsOn(votes: Votes, item: string): number {
  let t = 0;
  for (const d of Object.values(votes?.[item] ?? {})) t += d;
  return t;
}

/** The number of dots a person has placed on a board. */
export function dotsBy(votes: Votes, voter: string): number {
  let t = 0;
  for (const by of Object.values(votes ?? {})) t += by[voter] ?? 0;
  return t;
}
