import { syncChangeWords } from '../src/engine/workspace.js';

const gomod = (requires: string): string => `module example.com/a\n\ngo 1.22\n\n${requires}\n\nreplace example.com/b => ../b\n`;

describe('what go work sync would change, in words', () => {
  test('a raised version', () => {
    expect(syncChangeWords(gomod('require example.com/lib v1.0.0'), gomod('require example.com/lib v1.1.0'))).toBe(
      'its requirements are older than the versions the workspace builds with'
    );
  });
  test('a missing requirement is said to be missing, not older', () => {
    expect(syncChangeWords(gomod('require example.com/lib v1.0.0'), gomod('require (\n\texample.com/lib v1.0.0\n\texample.com/other v1.2.0 // indirect\n)'))).toBe(
      '1 requirement the workspace builds with is missing'
    );
  });
  test('both, counted', () => {
    expect(
      syncChangeWords(
        gomod('require example.com/lib v1.0.0'),
        gomod('require (\n\texample.com/lib v1.1.0\n\texample.com/other v1.2.0 // indirect\n\texample.com/third v0.3.0 // indirect\n)')
      )
    ).toBe('its requirements are older than the versions the workspace builds with, and 2 requirements the workspace builds with are missing');
  });
  test('replace lines and comments are not requirements', () => {
    expect(syncChangeWords(gomod('require example.com/lib v1.0.0 // pinned'), gomod('require example.com/lib v1.0.0\nreplace example.com/c => ../c'))).toBe(
      'its requirements are older than the versions the workspace builds with'
    );
  });
});
