/** Local runs and tests only: the embedded DynamoDB Local and the HTTP routes that invoke the functions (absent from function.zip). */
package dev.hearth.local;
