// ucum-lhc ships no type declarations; ucum-loader*.ts narrow what they use.
declare module '@lhncbc/ucum-lhc' {
  const ucumLhc: unknown;
  export default ucumLhc;
}
