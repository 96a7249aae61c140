import { useEffect, useState, type ReactNode } from 'react';
import QRCode from 'qrcode';

/** The QR code of a URL as inline SVG (crisp at any size, no canvas). */
export function QrCode(props: { readonly url: string; readonly label: string }): ReactNode {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(props.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
      .then((text) => {
        if (live) setSvg(text);
      })
      .catch(() => {
        if (live) setSvg(null);
      });
    return () => {
      live = false;
    };
  }, [props.url]);
  return (
    <div
      className="k-qr"
      role="img"
      aria-label={props.label}
      data-testid="ticket-qr"
      data-url={props.url}
      // The SVG comes from the qrcode library for our own URL; it holds no user input.
      dangerouslySetInnerHTML={svg === null ? undefined : { __html: svg }}
    />
  );
}
