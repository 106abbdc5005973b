export default definePageConfig({
  navigationBarTitleText: '一键申报',
})
