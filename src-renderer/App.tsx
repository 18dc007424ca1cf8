/** The application shell. The tutorial UI lands in a later change. */
export function App(): React.JSX.Element {
  return (
    <main>
      <h1>ShmLab</h1>
      <p>System V shared memory, with real processes and real kernel objects.</p>
    </main>
  );
}
