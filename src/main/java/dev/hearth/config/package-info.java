/** Configuration: everything Hearth reads ({@code hearth.*}), with its defaults, in one {@code @ConfigMapping}. */
package dev.hearth.config;
