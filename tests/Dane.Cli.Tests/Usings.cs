global using Xunit;
global using DaneTesting;
