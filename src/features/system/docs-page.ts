/**
 * The HTML shell of the docs UI; scripts and styles come from /docs/*, never a CDN. `validatorUrl: null`
 * keeps swagger-ui from sending the document to validator.swagger.io (the page works offline and
 * tells no outside service what the API looks like).
 */
export function docsPage(specUrl: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>Credit registry API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });
  </script>
</body>
</html>`;
}
