// The record-type table and the rules the browser client shares with the server (Amparo.Contracts) are used everywhere.
global using Amparo.Contracts;
