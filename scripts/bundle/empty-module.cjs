// Stands in for a module a bundle leaves out (see zod-without-locales.cjs).
'use strict';
module.exports = {};
