// Google Fonts answers for `next build` without network: create-next-app's
// layout imports Geist and Geist Mono through next/font/google. Next reads
// this module when NEXT_FONT_GOOGLE_MOCKED_RESPONSES points at it; the CSS
// names local fonts so nothing is downloaded.
function face(family) {
  return `@font-face {
  font-family: '${family}';
  font-style: normal;
  font-weight: 100 900;
  font-display: swap;
  src: local('Arial');
}
`;
}

module.exports = {
  "https://fonts.googleapis.com/css2?family=Geist:wght@100..900&display=swap": face("Geist"),
  "https://fonts.googleapis.com/css2?family=Geist+Mono:wght@100..900&display=swap": face("Geist Mono"),
};
