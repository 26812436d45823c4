import { createTheme, type CSSVariablesResolver, type MantineThemeOverride } from '@mantine/core';

/**
 * The colours and type of the office console and the field app: chosen for WCAG AA contrast on
 * white (axe checks them in the browser tests). Users who ask their system for less motion get no
 * transitions (dialogs open at once).
 */
export const baseTheme: MantineThemeOverride = {
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  respectReducedMotion: true,
};

export const consoleTheme = createTheme({ ...baseTheme, defaultRadius: 'sm' });

// Mantine's "dimmed" grey is below 4.5:1 on white; secondary text uses gray.7.
// Light variants (badges, alerts, the active menu entry) and error texts default to shade 6, below
// 4.5:1 on their tints: shade 9 (darker inks for yellow, green and orange, whose shade 9 is still
// too light); light hovers no darker than shade 1; links blue.9 (also inside red alerts).
const LIGHT_COLOURS = ['blue', 'red', 'grape', 'teal', 'cyan', 'gray', 'indigo', 'violet', 'pink', 'lime'];
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-anchor': 'var(--mantine-color-blue-9)',
    '--mantine-primary-color-light-color': 'var(--mantine-color-blue-9)',
    '--mantine-primary-color-light-hover': 'var(--mantine-color-blue-1)',
    '--mantine-color-blue-light-hover': 'var(--mantine-color-blue-1)',
    ...Object.fromEntries(
      LIGHT_COLOURS.map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`]),
    ),
    '--mantine-color-yellow-light-color': '#7c4a00',
    '--mantine-color-green-light-color': '#1b6b2e',
    '--mantine-color-orange-light-color': '#8f3a0c',
  },
  dark: {},
});
