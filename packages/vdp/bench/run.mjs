// Benchmarks: to be written with the package.
console.log('no benchmarks yet');
