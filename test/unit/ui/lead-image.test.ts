import { describe, expect, it } from 'vitest';
import { leadImageToShow } from '../../../utils/ui/lead-image';

describe('leadImageToShow', () => {
  it('shows a lead image the body does not contain', () => {
    expect(leadImageToShow('https://cdn.example/img/lead.jpg', '<p>Text</p>')).toBe('https://cdn.example/img/lead.jpg');
  });
  it('does not repeat an image that is already in the body, even resized', () => {
    expect(leadImageToShow('https://cdn.example/img/lead.jpg?w=1200', '<figure><img src="https://img.example/img/lead.jpg?w=600"></figure>')).toBeNull();
  });
  it('refuses missing and unsafe URLs', () => {
    expect(leadImageToShow(null, '')).toBeNull();
    expect(leadImageToShow('javascript:alert(1)', '')).toBeNull();
    expect(leadImageToShow('data:image/svg+xml,<svg onload=x>', '')).toBeNull();
    expect(leadImageToShow('not a url', '')).toBeNull();
  });
});
