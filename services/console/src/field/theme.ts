import { createTheme, type CSSVariablesResolver } from '@mantine/core';

// The console's colours (WCAG AA on white, checked by axe), larger touch targets for a thumb.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  defaultRadius: 'md',
  respectReducedMotion: true,
  components: {
    Button: { defaultProps: { size: 'md' } },
    TextInput: { defaultProps: { size: 'md' } },
    PasswordInput: { defaultProps: { size: 'md' } },
    Select: { defaultProps: { size: 'md' } },
    Textarea: { defaultProps: { size: 'md' } },
  },
});

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
    ...Object.fromEntries(LIGHT_COLOURS.map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`])),
    '--mantine-color-yellow-light-color': '#7c4a00',
    '--mantine-color-green-light-color': '#1b6b2e',
    '--mantine-color-orange-light-color': '#8f3a0c',
  },
  dark: {},
});
