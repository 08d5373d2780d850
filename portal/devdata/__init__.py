"""Data for development, never for production: `seed` (synthetic data in bulk at a national
board's size, `flask seed`; needs the `devdata` extra for Faker) and `demo` (a handful of people
who look real, loaded by `flask setup-local`). Only the `flask` commands (`portal.cli`) import
it (layer 2: it uses the services, search and models below it)."""
