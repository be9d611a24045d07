import { SettingsView } from '@/components/SettingsView';
import { helpOpen, settings } from '../state';

/** The reader settings, applied live; `shortcut` is the browser's key for opening the panel. */
export function SettingsPanel({ shortcut }: { shortcut: string | null }) {
  return (
    <SettingsView
      settings={settings.settings.value}
      status={settings.status.value}
      shortcut={shortcut}
      onChange={settings.change}
      onReset={() => settings.reset()}
      onShowShortcuts={() => (helpOpen.value = true)}
    />
  );
}
