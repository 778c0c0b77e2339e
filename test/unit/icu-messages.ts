/** What the catalog tests ask of ICU messages, written once: their arguments, and kinds left unworded. */
import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

/** The names of a message's arguments and tags, at any depth (plural and select branches too). */
export function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
    out.add(e.value);
    if (e.type === TYPE.tag) argumentsOf(e.children, out);
    if (e.type === TYPE.plural || e.type === TYPE.select)
      for (const o of Object.values(e.options)) argumentsOf(o.value, out);
  }
  return out;
}

/** The kinds of `samples` that `catalog` has no words for (absent or blank). */
export function unworded(samples: Record<string, unknown>, catalog: Record<string, string>): string[] {
  return Object.keys(samples).filter(
    (k) => !Object.prototype.hasOwnProperty.call(catalog, k) || !catalog[k]!.trim(),
  );
}
