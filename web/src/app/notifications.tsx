// Where change notices appear: top right on wide screens; at the bottom on phones, where dialogs
// fill the screen and a notice at the top would cover a dialog's title and close button.
import { useMediaQuery } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';

/** The notices of the whole app, placed for the screen. */
export function PlacedNotifications() {
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  return <Notifications position={phone ? 'bottom-center' : 'top-right'} />;
}
