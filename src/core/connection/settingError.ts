/** A setting the user wrote that Parley cannot use: names the setting, says what it must be. */
export class SettingError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`Setting ${setting}: ${message}`);
    this.name = 'SettingError';
  }
}
