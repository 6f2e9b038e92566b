export default function Page() {
  return <main>authgen e2e</main>;
}
