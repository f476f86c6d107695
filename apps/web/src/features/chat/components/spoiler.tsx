import { useRef, useState, type ReactNode } from 'react';

export type SpoilerProps = { children: ReactNode };

/**
 * `||hidden||` text: a button until revealed (click, Enter or Space), then the text itself, which takes the focus so a
 * screen reader reads it at once. Hidden text is not in the page at all, so nothing reads it out early.
 */
export function Spoiler({ children }: SpoilerProps) {
  const [shown, setShown] = useState(false);
  const content = useRef<HTMLSpanElement>(null);
  if (!shown) {
    return (
      <button
        type="button"
        className="md__spoiler"
        aria-expanded={false}
        onClick={() => {
          setShown(true);
          requestAnimationFrame(() => content.current?.focus());
        }}
      >
        Spoiler
      </button>
    );
  }
  return (
    <span className="md__spoiler md__spoiler--shown" ref={content} tabIndex={-1}>
      {children}
    </span>
  );
}
