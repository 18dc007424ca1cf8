// Vite's `?raw` suffix imports a file's text as a string (the starting programs' C sources).
declare module '*.c?raw' {
  const text: string;
  export default text;
}
