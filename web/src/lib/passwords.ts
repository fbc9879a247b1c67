/** Client-side checks matching the server's rules (8 to 1024 characters); the server decides. */
export function passwordProblem(password: string, confirm: string): string | null {
  if (password.length < 8) return 'The password must be at least 8 characters long.';
  if (password.length > 1024) return 'The password must be at most 1024 characters long.';
  if (password !== confirm) return 'The passwords do not match.';
  return null;
}
