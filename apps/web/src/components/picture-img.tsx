import { useState } from 'react';
import './avatar.css';

export type PictureImgProps = {
  /** The picture's URL (`/api/files/<id>/content`), or null for none. */
  url: string | null | undefined;
  className: string;
  alt?: string;
};

/**
 * A profile or room picture (avatar, cover), loaded with the session cookie. Renders nothing when there is none or it
 * failed to load (a session without the cookie, a picture removed meanwhile): what is underneath shows instead.
 */
export function PictureImg({ url, className, alt = '' }: PictureImgProps) {
  const [failed, setFailed] = useState<string | null>(null);
  if (!url || failed === url) return null;
  return <img className={className} src={url} alt={alt} loading="lazy" decoding="async" onError={() => setFailed(url)} />;
}
