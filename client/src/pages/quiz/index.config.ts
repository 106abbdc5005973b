export default definePageConfig({
  navigationBarTitleText: '答题测一测',
})
