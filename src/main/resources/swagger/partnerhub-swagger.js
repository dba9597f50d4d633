// Swagger UI on PartnerHub's own OpenAPI document; served from the webjar, so it works offline.
window.ui = SwaggerUIBundle({url: "/openapi.yaml", dom_id: "#swagger-ui", deepLinking: true});
