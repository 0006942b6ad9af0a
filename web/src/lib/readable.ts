// Secondary and error text dark enough for WCAG AA in both themes: Mantine's "dimmed" grey and
// its error red are too light on white (and dimmed too dark on the dark background), so the
// signed-out pages and the pages full of forms (admin, paging, my notifications) set readable ones
// for everything inside them (text, input descriptions and errors, captions).
import type { CSSProperties } from 'react';

/** A style that makes dimmed and error text readable for everything inside the element. */
export const readableColors = {
  '--mantine-color-dimmed': 'light-dark(var(--mantine-color-gray-7), var(--mantine-color-dark-1))',
  '--mantine-color-error': 'light-dark(var(--mantine-color-red-9), var(--mantine-color-red-4))',
} as CSSProperties;
