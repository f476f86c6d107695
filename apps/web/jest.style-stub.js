// Stylesheets mean nothing to unit tests (Vite bundles them); jest loads this in their place.
export default {};
