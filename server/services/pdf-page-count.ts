/**
 * How many pages a PDF has, as pdf.js (the projector's own renderer) reads it: a file pdf.js cannot
 * open, or whose first page it cannot load, would show nothing in the room, so it is refused here.
 * pdfjs-dist's legacy build runs in Node without a worker thread (its "fake worker"); it is loaded
 * on the first upload, not at boot.
 */
export async function pdfPageCount(bytes: Uint8Array): Promise<number | null> {
  const { getDocument, VerbosityLevel } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // A copy: pdf.js takes the buffer over, and the caller still stores these bytes.
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    const pdf = await task.promise;
    if (pdf.numPages < 1) return null;
    await pdf.getPage(1);
    return pdf.numPages;
  } catch {
    // Damaged, not a PDF past its first bytes, or locked with a password.
    return null;
  } finally {
    await task.destroy();
  }
}
