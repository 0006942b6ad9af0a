// A password input whose show/hide button is reachable by keyboard and named without the word
// "password", so the field alone answers to the label "Password" (people and tests find it so).
import { PasswordInput, type PasswordInputProps } from '@mantine/core';

/** Mantine's PasswordInput with a keyboard-reachable, distinctly named visibility toggle. */
export function PasswordField(props: PasswordInputProps) {
  return (
    <PasswordInput
      visibilityToggleFocusable
      visibilityToggleButtonProps={{ 'aria-label': 'Show characters as typed' }}
      {...props}
    />
  );
}
