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

/** `text` cut to at most `max` characters (code points): for station-supplied texts a lenient station may send long. */
export function clampText(text: string, max: number): string {
  return characterCount(text) <= max ? text : [...text].slice(0, max).join('');
}
