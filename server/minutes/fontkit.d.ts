// fontkit ships no types; Rakor reads one thing of a font: whether it has a glyph for a character.
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function openSync(path: string): Font;
}
