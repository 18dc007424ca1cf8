// The preload exposes the typed API to the sandboxed renderer (later change).
export {};
