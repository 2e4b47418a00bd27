/** The functions' shared edge: events read into records by their declared fields ({@link dev.hearth.edge.EventShape}), error codes, the clock. */
package dev.hearth.edge;
