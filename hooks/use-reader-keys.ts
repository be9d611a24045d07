/** Preact hook: runs reader commands for key presses anywhere in the page. */
import { useEffect } from 'preact/hooks';
import { commandForKey, type CommandHandlers } from '../utils/keyboard/keys';

/** Listens for reader shortcuts on `win` while the component is mounted. */
export function useReaderKeys(win: Window, handlers: CommandHandlers): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = commandForKey(event);
      const handler = command ? handlers[command] : undefined;
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    win.addEventListener('keydown', onKey);
    return () => win.removeEventListener('keydown', onKey);
  });
}
