// PostGraphile 5 calls Promise.withResolvers (Node 22+); on Node 20 its connections fail without it.
// Loaded with `node --import` before PostGraphile's CLI.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
