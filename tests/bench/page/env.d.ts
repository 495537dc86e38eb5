// The bench page is bundled by Vite: `?url` imports (the app's wasm files) and import.meta.env come from here.
/// <reference types="vite/client" />
