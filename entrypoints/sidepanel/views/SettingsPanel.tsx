import { useEffect } from 'preact/hooks';
import { SettingsView } from '@/components/SettingsView';
import { helpOpen, settings, storageUsage } from '../state';

/** The reader settings, applied live; `shortcut` is the browser's key for opening the panel. */
export function SettingsPanel({ shortcut }: { shortcut: string | null }) {
  // Counted each time the settings are shown: saves and deletes change it.
  useEffect(() => void storageUsage.refresh(), []);
  return (
    <SettingsView
      settings={settings.settings.value}
      status={settings.status.value}
      shortcut={shortcut}
      onChange={settings.change}
      onReset={() => settings.reset()}
      onShowShortcuts={() => (helpOpen.value = true)}
      storage={storageUsage.usage.value}
    />
  );
}
