// The component catalogue the editors read (GET /api/v1/all), from the engine's definitions.
export { componentCatalogue, type Catalogue } from '../../engine/catalogue/catalogue.js';
