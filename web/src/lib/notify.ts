// Short confirmations after a change ("Grace was added"), with a named close button so screen
// readers and axe know what it does.
import { notifications } from '@mantine/notifications';

/** Shows a brief notification; green for success. */
export function notify(message: string, color: 'green' | 'blue' = 'green') {
  notifications.show({ message, color, closeButtonProps: { 'aria-label': 'Close notification' } });
}
