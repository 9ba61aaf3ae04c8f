/**
 * The line that moves a terminal's shell to a folder, in the shell's own quoting: the model's
 * command is then sent as it wrote it, never wrapped. `shell` is the shell's path or name.
 */
export function changeDirectoryLine(shell: string, dir: string): string {
  const name = shell
    .replace(/^.*[/\\]/, '')
    .replace(/\.exe$/i, '')
    .toLowerCase();
  if (name === 'pwsh' || name === 'powershell') return `Set-Location -LiteralPath '${dir.replace(/'/g, "''")}'`;
  if (name === 'cmd') return `cd /d "${dir}"`;
  if (name === 'fish') return `cd '${dir.replace(/[\\']/g, '\\$&')}'`;
  return `cd '${dir.replace(/'/g, `'\\''`)}'`;
}
