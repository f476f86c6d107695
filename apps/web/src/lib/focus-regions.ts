import { useEffect } from 'react';

/**
 * F6 / Shift+F6 (and Ctrl+F6) move focus between the page's regions, as desktop apps and Slack do: the sidebar, the
 * message list, the composer, the details pane. A region is an element marked `data-focus-region`; where regions
 * nest, only the innermost count (the main pane is one region on a page without inner ones). Each region may name
 * the element to focus with `data-focus-target` on a descendant (the current message, the composer's text box);
 * otherwise its first focusable element, or the region itself, gets focus.
 */
export const FOCUS_REGION_ATTR = 'data-focus-region';
export const FOCUS_TARGET_ATTR = 'data-focus-target';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

function visible(el: Element): boolean {
  return el.getClientRects().length > 0;
}

/** The regions now on screen, innermost only, in document order. */
export function focusRegions(root: ParentNode = document): HTMLElement[] {
  const all = [...root.querySelectorAll<HTMLElement>(`[${FOCUS_REGION_ATTR}]`)].filter(visible);
  return all.filter((r) => !all.some((other) => other !== r && r.contains(other)));
}

/** Which of `regions` holds `active` (-1 when none does). */
export function regionIndexOf(regions: readonly Element[], active: Element | null): number {
  if (!active) return -1;
  return regions.findIndex((r) => r.contains(active));
}

/** The region after (or before) the one at `from`, wrapping; the first (or last) when focus is in none. */
export function nextRegionIndex(count: number, from: number, backwards: boolean): number {
  if (count === 0) return -1;
  if (from < 0) return backwards ? count - 1 : 0;
  return (from + (backwards ? -1 : 1) + count) % count;
}

function focusRegion(region: HTMLElement): void {
  const target =
    region.querySelector<HTMLElement>(`[${FOCUS_TARGET_ATTR}]`) ??
    region.querySelector<HTMLElement>('[aria-current="page"]') ??
    [...region.querySelectorAll<HTMLElement>(FOCUSABLE)].find(visible) ??
    region;
  if (target === region && !region.hasAttribute('tabindex')) region.setAttribute('tabindex', '-1');
  target.focus();
}

/** Installs the F6 cycling for the page (once, in the app's shell). */
export function useFocusRegionCycling(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'F6' || event.altKey || event.metaKey || event.defaultPrevented) return;
      const regions = focusRegions();
      const next = nextRegionIndex(regions.length, regionIndexOf(regions, document.activeElement), event.shiftKey);
      const region = regions[next];
      if (!region) return;
      event.preventDefault();
      focusRegion(region);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
