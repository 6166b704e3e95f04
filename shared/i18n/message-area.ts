/**
 * One feature area's texts in every locale. Bahasa Indonesia defines the keys; English must give
 * each of them and no other, which the compiler checks where the area is declared.
 */
export interface MessageArea<K extends string> {
  readonly id: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
}

export function messageArea<K extends string>(id: Readonly<Record<K, string>>, en: NoInfer<Readonly<Record<K, string>>>): MessageArea<K> {
  return { id, en };
}
