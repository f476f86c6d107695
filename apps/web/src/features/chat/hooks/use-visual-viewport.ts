import { useEffect } from 'react';

/**
 * While a conversation is open, `--visual-viewport-height` on the root element follows the part of the screen not
 * covered by the on-screen keyboard (`visualViewport`). Browsers that shrink only the visual viewport when the
 * keyboard opens (Safari on iOS) would otherwise leave the composer under the keyboard; the stylesheet sizes the
 * conversation with it, falling back to `100dvh`.
 */
export function useVisualViewportHeight(): void {
  useEffect(() => {
    const viewport = window.visualViewport;
    if (!viewport) return;
    const root = document.documentElement;
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        // Pinch-zoomed, the visual viewport is a magnified part of the page, not the room left by a keyboard.
        if (Math.abs(viewport.scale - 1) > 0.01) root.style.removeProperty('--visual-viewport-height');
        else root.style.setProperty('--visual-viewport-height', `${Math.round(viewport.height)}px`);
        // The browser may scroll the page to show the focused composer: the conversation is the whole page, so undo it.
        if (window.scrollY !== 0 && root.scrollHeight <= window.innerHeight + 1) window.scrollTo(0, 0);
      });
    };
    update();
    viewport.addEventListener('resize', update);
    viewport.addEventListener('scroll', update);
    return () => {
      cancelAnimationFrame(frame);
      viewport.removeEventListener('resize', update);
      viewport.removeEventListener('scroll', update);
      root.style.removeProperty('--visual-viewport-height');
    };
  }, []);
}
