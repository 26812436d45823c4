import { createTheme } from '@mantine/core';
import { baseTheme } from '../theme';

// The console's colours (WCAG AA on white, checked by axe), larger touch targets for a thumb.
export const theme = createTheme({
  ...baseTheme,
  defaultRadius: 'md',
  components: {
    Button: { defaultProps: { size: 'md' } },
    TextInput: { defaultProps: { size: 'md' } },
    PasswordInput: { defaultProps: { size: 'md' } },
    Select: { defaultProps: { size: 'md' } },
    Textarea: { defaultProps: { size: 'md' } },
  },
});

export { cssVariables } from '../theme';
