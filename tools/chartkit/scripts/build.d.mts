// Declarations of scripts/build.mjs (plain JavaScript: it runs before anything is compiled).
export declare const PACKAGE_DIR: string;
export declare const ENTRY_POINTS: Record<'cli' | 'nx-plugin' | 'nx-generators' | 'nx-executor', string>;
/** The directory of the current build (dist/<hash>), building it first when the sources changed. */
export declare function ensureBuilt(): Promise<string>;
/** Import one entry point of the current build. */
export declare function importBuilt(entry: keyof typeof ENTRY_POINTS): Promise<Record<string, unknown>>;
