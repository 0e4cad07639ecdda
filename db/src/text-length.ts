/**
 * The length of a text in characters (Unicode code points), as PostgreSQL's `varchar(n)` and the API's documented
 * `maxLength` count it. `String.length` counts UTF-16 units: an emoji is two, so a 100-character name of emoji was
 * refused as too long.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
