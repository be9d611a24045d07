import { describe, expect, it } from 'vitest';
import { LIBRARY_EXPORT_FORMATS } from '../../../utils/export/library-export';
import { EXPORT_DIALOG_FORMATS } from '../../../utils/ui/export-formats';

describe('export dialog formats', () => {
  it('are the exporters’ formats, in their order (the dialog’s copy keeps the exporters out of the page’s first bundle)', () => {
    expect([...EXPORT_DIALOG_FORMATS]).toEqual([...LIBRARY_EXPORT_FORMATS]);
  });
});
