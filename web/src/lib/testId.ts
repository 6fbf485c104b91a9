/** `data-testid` for props objects (button props of modals etc.), where JSX attribute syntax is not available. */
export function testId(id: string): Record<string, string> {
  return { 'data-testid': id };
}
