import type { QRCodeToDataURLOptions } from 'qrcode';

/** A QR code as a data: URL. qrcode is loaded with the first code drawn, not at boot. */
export async function qrDataUrl(text: string, opts: QRCodeToDataURLOptions): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toDataURL(text, opts);
}
